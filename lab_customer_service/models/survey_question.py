from odoo import api, models


class SurveyQuestion(models.Model):
    """Changing the questions of an approved laboratory survey withdraws its approval: the Quality
    Manager approves what customers will actually be asked (R-SV-02)."""

    _inherit = "survey.question"

    @api.model_create_multi
    def create(self, vals_list):
        questions = super().create(vals_list)
        questions.survey_id._lab_withdraw_approval_on_change()
        return questions

    def write(self, vals):
        surveys = self.survey_id
        result = super().write(vals)
        (surveys | self.survey_id)._lab_withdraw_approval_on_change()
        return result

    def unlink(self):
        surveys = self.survey_id
        result = super().unlink()
        surveys._lab_withdraw_approval_on_change()
        return result
