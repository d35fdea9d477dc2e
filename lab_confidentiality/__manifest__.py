{
    "name": "Laboratory Confidentiality",
    "summary": "NDA register, visitor permits and log book with the area conflict check, "
    "disclosure register and record retention for ISO/IEC 17025 laboratories",
    "version": "19.0.1.0.0",
    "category": "Services/Laboratory",
    "website": "https://github.com/lab-suite/lab-customer-service",
    "author": "Lab Suite Contributors",
    "license": "AGPL-3",
    "depends": ["lab_customer_service"],
    "data": [],
    "demo": [],
    "installable": True,
}
