from . import test_roles
from . import test_sample_code
from . import test_contract_review
from . import test_contract_amendment
from . import test_contract_invoicing
from . import test_contract_performance
from . import test_portal_contract
from . import test_i18n
