import { registry } from "@web/core/registry";

// R-CR-01/02: customer service sees what is missing on a quotation, opens its review, and is
// told clearly that an unanswered checklist cannot be submitted.
registry.category("web_tour.tours").add("lab_contract_review_backend_tour", {
    steps: () => [
        {
            content: "The quotation says what is missing before confirmation",
            trigger: ".o_form_view .alert-warning:contains('Before this order can be confirmed')",
        },
        {
            content: "Open the contract review",
            trigger: "button[name='action_lab_view_review']",
            run: "click",
        },
        {
            content: "The checklist carries the §7.1 items",
            trigger: ".o_field_widget[name='line_ids'] .o_data_row:contains('Methods are appropriate')",
        },
        {
            content: "Submit it unanswered",
            trigger: "button[name='action_submit']",
            run: "click",
        },
        {
            content: "A clear message says what is missing",
            trigger: ".modal:contains('7 of 7 checklist items are not answered')",
        },
        {
            content: "Close the message",
            trigger: ".modal .btn-primary",
            run: "click",
        },
        {
            content: "The review stays in review",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('In Review')",
        },
    ],
});
