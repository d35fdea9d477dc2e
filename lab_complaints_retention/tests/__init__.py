from . import test_complaint_retention
