{
    "name": "Laboratory Complaints Retention",
    "summary": "Complaints and appeals kept for their retention period, their history "
    "protected and their complainants' data exportable (bridge of lab_complaints and "
    "lab_confidentiality)",
    "version": "19.0.1.0.0",
    "category": "Services/Laboratory",
    "website": "https://github.com/lab-suite/lab-customer-service",
    "author": "Lab Suite Contributors",
    "license": "AGPL-3",
    "depends": ["lab_confidentiality", "lab_complaints"],
    "data": [
        "security/ir.model.access.csv",
        "data/lab_retention_class_data.xml",
        "views/lab_complaint_views.xml",
    ],
    "auto_install": True,
    "installable": True,
}
