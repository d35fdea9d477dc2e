import { registry } from "@web/core/registry";

// Issue 19, R-PT-01: a customer submits two samples in the portal page and sees the submission.
function sampledAt() {
    // a day and a half ago, as a datetime-local input takes it (well inside any holding time,
    // whatever the difference between the browser's and the laboratory's time zones)
    const moment = new Date(Date.now() - 30 * 3600 * 1000);
    const pad = (n) => String(n).padStart(2, "0");
    return `${moment.getFullYear()}-${pad(moment.getMonth() + 1)}-${pad(moment.getDate())}T${pad(
        moment.getHours()
    )}:${pad(moment.getMinutes())}`;
}

function fillRow(n, ref) {
    return [
        { content: `Sample ID of row ${n}`, trigger: `#customer_ref_${n}`, run: `edit ${ref}` },
        { content: "Sampling point", trigger: `#sampling_point_${n}`, run: `edit Outlet ${n}` },
        {
            content: "Sampling date and time",
            trigger: `#date_sampled_${n}`,
            run() {
                this.anchor.value = sampledAt();
            },
        },
        { content: "Matrix", trigger: `#matrix_${n}`, run: "edit Wastewater" },
        {
            content: "The test",
            trigger: `#tests_${n}`,
            run() {
                this.anchor.options[0].selected = true;
            },
        },
    ];
}

registry.category("web_tour.tours").add("lab_portal_submission_tour", {
    steps: () => [
        ...fillRow(1, "TOUR-1"),
        {
            content: "Add a row",
            trigger: "button.o_lab_add_row",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The first row is kept",
            trigger: "#customer_ref_1:value(TOUR-1)",
        },
        ...fillRow(2, "TOUR-2"),
        {
            content: "Submit the samples",
            trigger: "button.o_lab_submit",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The submission page confirms it, with both samples",
            trigger: ".o_lab_submitted",
        },
        {
            content: "Both samples are listed",
            trigger: "tr.o_lab_submission_line:contains('TOUR-2')",
        },
    ],
});
