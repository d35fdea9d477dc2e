from . import lab_complaint_decision_wizard
from . import lab_complaint_concern_wizard
from . import lab_complaint_journal_wizard
