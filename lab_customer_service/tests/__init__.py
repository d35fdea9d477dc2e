from . import test_roles
from . import test_sample_code
from . import test_sample_reception
from . import test_sample_concurrency
from . import test_sample_retention
from . import test_test_report
from . import test_portal_samples
