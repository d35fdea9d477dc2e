from . import test_complaint_retention
from . import test_retention_controls
from . import test_blind_samples
