from . import lab_sample_wizard_mixin
from . import lab_sample_reception_wizard
from . import lab_sample_reject_wizard
from . import lab_test_report_revision_wizard
from . import lab_sample_consent_wizard
from . import lab_sample_legal_hold_wizard
from . import mail_compose_message
from . import lab_sample_reception_scan
