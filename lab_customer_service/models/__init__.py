from . import ir_sequence
from . import product_template
from . import lab_area
from . import lab_storage_location
from . import sale_order
from . import lab_sample
from . import lab_test_report
