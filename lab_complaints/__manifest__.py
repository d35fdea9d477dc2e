{
    "name": "Laboratory Complaints and Appeals",
    "summary": "Complaints and appeals from every channel, impartial decisions and corrective "
    "actions for ISO/IEC 17025 laboratories",
    "version": "19.0.1.0.0",
    "category": "Services/Laboratory",
    "website": "https://github.com/lab-suite/lab-customer-service",
    "author": "Lab Suite Contributors",
    "license": "AGPL-3",
    "depends": ["lab_customer_service", "mgmtsystem_action"],
    "data": [],
    "demo": [],
    "installable": True,
}
