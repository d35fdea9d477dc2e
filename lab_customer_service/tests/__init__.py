from . import test_roles
from . import test_sample_code
from . import test_i18n
