import { registry } from "@web/core/registry";

// R-CM-01, R-PT-01: a portal customer asks the lab a question and follows it.
registry.category("web_tour.tours").add("lab_portal_request_tour", {
    url: "/my/lab/requests",
    steps: () => [
        {
            content: "Open the form of a new request",
            trigger: "a.o_lab_new_request",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Say what the request is about",
            trigger: "input[name='subject']",
            run: "edit Lead time for heavy metals on 12 filters",
        },
        {
            content: "It is a lead-time question",
            trigger: "select[name='request_type']",
            run: "select lead_time",
        },
        {
            content: "Describe it",
            trigger: "textarea[name='description']",
            run: "edit We can send the filters next Monday.",
        },
        {
            content: "Send it",
            trigger: ".o_lab_request_form button[type='submit']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The request page shows it, with its answer deadline",
            trigger: ".o_lab_request_detail h4:contains('Lead time for heavy metals on 12 filters')",
        },
        {
            content: "Back to the list of requests",
            trigger: ".breadcrumb a[href='/my/lab/requests']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The new request is listed",
            trigger: "tr.o_lab_request_row:contains('Lead time for heavy metals on 12 filters')",
        },
    ],
});
