import { registry } from "@web/core/registry";

// A customer asks to witness their tests, then signs the confidentiality agreement the request
// asks for (R-CF-03, R-CF-01). Data comes from the Python test.
registry.category("web_tour.tours").add("lab_confidentiality_visit_nda", {
    url: "/my",
    steps: () => [
        {
            content: "open the visits",
            trigger: "a[href='/my/lab/visits']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "request a visit",
            trigger: "a.o_lab_visit_new",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "choose the start",
            trigger: "input[name='date_start']",
            run() {
                const start = new Date(Date.now() + 5 * 24 * 3600 * 1000);
                const day = start.toISOString().slice(0, 10);
                this.anchor.value = `${day}T09:00`;
                document.querySelector("input[name='date_end']").value = `${day}T11:30`;
            },
        },
        {
            content: "choose the chromatography area",
            trigger: "label:contains('Chromatography')",
            run: "click",
        },
        {
            content: "I am the visitor",
            trigger: "input[name='visitor_ids']:checked + label:contains('Alice A')",
        },
        {
            content: "say which tests",
            trigger: "textarea[name='description']",
            run: "edit VOC sampling tubes of our plant",
        },
        {
            content: "send the request",
            trigger: "button.o_lab_visit_submit",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "the request waits for approval",
            trigger: ".o_lab_visit_page .badge:contains('Waiting for approval')",
        },
        {
            content: "open the agreement to sign",
            trigger: "a.o_lab_nda_link",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "the agreement text is shown",
            trigger: ".o_lab_nda_page:contains('permitted to witness')",
        },
        {
            trigger: ".o_web_sign_name_and_signature input:value(Alice A)",
        },
        {
            trigger: "canvas.o_web_sign_signature",
            run: "canvasNotEmpty",
        },
        {
            content: "sign",
            trigger: ".o_portal_sign_submit:enabled",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "the agreement is signed",
            trigger: ".o_lab_nda_signed",
        },
        {
            content: "and can be downloaded",
            trigger: "a.o_lab_nda_download",
        },
    ],
});
