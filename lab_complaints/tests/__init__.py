from . import test_intake
from . import test_anonymous
from . import test_decision
from . import test_actions
from . import test_appeal
from . import test_analysis
from . import test_portal
from . import test_public_form
