from . import lab_visitor_log_print
from . import lab_record_disposal_wizard
