from . import test_roles
from . import test_sample_code
from . import test_customer_request
from . import test_delay_notice
from . import test_satisfaction
from . import test_management_review
from . import test_portal_requests
