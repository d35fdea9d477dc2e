from . import test_nda
from . import test_visit_permit
from . import test_visitor_log
from . import test_disclosure
from . import test_retention
from . import test_portal
from . import test_record_loan
