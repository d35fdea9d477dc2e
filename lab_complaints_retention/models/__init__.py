from . import lab_complaint
from . import res_partner
