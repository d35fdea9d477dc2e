import { registry } from "@web/core/registry";

// The signatory logs in, opens the agreement waiting for her signature, types her signature
// and signs (R-CF-01, issue 16). Data comes from the Python test.
registry.category("web_tour.tours").add("lab_confidentiality_nda_signatory", {
    url: "/my",
    steps: () => [
        {
            content: "open the confidentiality agreements",
            trigger: "a[href='/my/lab/ndas']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "open the agreement to sign",
            trigger: "tr:has(.badge:contains('To sign')) a[href^='/my/lab/ndas/']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "the agreement text is shown",
            trigger: ".o_lab_nda_page:contains('Ayla A')",
        },
        {
            content: "type the signature",
            trigger: ".o_web_sign_name_and_signature input",
            run: "edit Ayla A",
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
            content: "signed by her, with her signature",
            trigger: ".o_lab_nda_page:contains('Signed by Ayla A')",
        },
        {
            content: "and can be downloaded",
            trigger: "a.o_lab_nda_download",
        },
    ],
});
