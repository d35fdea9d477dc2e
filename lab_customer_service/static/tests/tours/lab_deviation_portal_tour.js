import { registry } from "@web/core/registry";

// R-CR-04: the customer reads a deviation on their order page and acknowledges it.
registry.category("web_tour.tours").add("lab_deviation_acknowledge_tour", {
    steps: () => [
        {
            content: "The deviation is shown on the order page",
            trigger: "#lab_deviations .o_lab_deviation:contains('Sample analysed after holding time')",
        },
        {
            content: "Acknowledge it",
            trigger: "#lab_deviations .o_lab_deviation button[name='lab_acknowledge']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The page confirms the acknowledgement",
            trigger: ".alert-success:contains('your acknowledgement is recorded')",
        },
        {
            content: "The deviation now shows who acknowledged it",
            trigger: "#lab_deviations .o_lab_acknowledged",
        },
    ],
});
