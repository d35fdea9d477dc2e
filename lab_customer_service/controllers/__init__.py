from . import portal
from . import portal_contract
from . import portal_requests
from . import portal_samples
from . import sender_confirmation
from . import verify
from . import portal_submission
from . import portal_customer_admin
