from . import lab_visitor_log_print
