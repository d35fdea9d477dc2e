from . import lab_complaint_stage
from . import lab_complaint_category
from . import lab_complaint
from . import lab_complaint_rate_limit
from . import lab_sample
from . import mgmtsystem_action
from . import res_config_settings
from . import lab_management_review
