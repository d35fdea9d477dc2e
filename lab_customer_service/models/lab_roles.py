"""The laboratory's roles, one name each, as every addon of the suite spells them in code.

Their groups are in ``security/lab_customer_service_security.xml``; each role implies those
below it as that file says (the Director the Deputy Director, a Supervisor the Technician, ...).
Check one in an action with ``self._lab_check_role(QUALITY_MANAGER, ...)``
(``lab.protected.mixin``), or on a field with ``groups=CUSTOMER_DATA``.
"""

LAB_USER = "lab_customer_service.group_lab_user"
CUSTOMER_DATA = "lab_customer_service.group_lab_customer_data"
TECHNICIAN = "lab_customer_service.group_lab_technician"
SUPERVISOR = "lab_customer_service.group_lab_supervisor"
TECHNICAL_MANAGER = "lab_customer_service.group_lab_technical_manager"
STAFF = "lab_customer_service.group_lab_staff"
RECEPTION = "lab_customer_service.group_lab_reception"
QUALITY_MANAGER = "lab_customer_service.group_lab_quality_manager"
DEPUTY_DIRECTOR = "lab_customer_service.group_lab_deputy_director"
DIRECTOR = "lab_customer_service.group_lab_director"
