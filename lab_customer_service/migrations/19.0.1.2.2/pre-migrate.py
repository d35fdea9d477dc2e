"""Delay notices become records (R-CM-03, issue 18): the order form's view that showed the old
``lab_delay_notified_on`` field is removed before the views are checked against the new fields;
the module's data file creates it again, with the register's smart button."""


def migrate(cr, version):
    cr.execute(
        """
        WITH gone AS (
            DELETE FROM ir_model_data
             WHERE module = 'lab_customer_service' AND name = 'view_order_form_lab_delay'
         RETURNING res_id
        )
        DELETE FROM ir_ui_view WHERE id IN (SELECT res_id FROM gone)
        """
    )
