import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("lab_complaints_public_form", {
    url: "/lab/complaint",
    steps: () => [
        {
            content: "Choose to send anonymously",
            trigger: "#lab_anonymous",
            run: "click",
        },
        {
            content: "Subject",
            trigger: "#lab_subject",
            run: "edit Sample container broken on arrival",
        },
        {
            content: "What happened",
            trigger: "#lab_description",
            run: "edit The courier left the box in the sun <b>twice</b>.",
        },
        {
            content: "Send",
            trigger: "button.o_lab_complaint_submit",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The complaint is registered and nothing identifies the sender",
            trigger: ".o_lab_complaint_received:contains(Nothing identifies you)",
        },
        {
            content: "Open the follow-up link",
            trigger: "a.o_lab_followup_link",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The follow-up page shows the status",
            trigger: ".o_lab_complaint_status:contains(Received)",
        },
        {
            content: "and the complainant's own words, as text",
            trigger: ".o_lab_complaint_followup:contains(<b>twice</b>)",
        },
    ],
});
