from . import test_complaint_retention
from . import test_retention_controls
