import { registry } from "@web/core/registry";

// R-PT-01, R-RP-02: a customer follows a sample to its released report in the portal.
// Relies on the records made by TestPortalSamplesTour in Python.
registry.category("web_tour.tours").add("lab_portal_samples_tour", {
    url: "/my",
    steps: () => [
        {
            content: "open My Samples from the portal home",
            trigger: "a[href='/my/lab/samples']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "search a sample by its description",
            trigger: ".o_portal_search_panel input[name='search']",
            run: "edit Furnace",
        },
        {
            trigger: ".o_portal_search_panel button[type='submit']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "only the matching sample is listed",
            trigger: ".o_lab_portal_sample:only(tr) a:contains(TOUR-S-1)",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "the sample page shows its code and its released report",
            trigger: ".o_lab_sample_code:contains(TOUR-S-1)",
        },
        {
            trigger: "a[href^='/my/lab/reports/']:contains(TOUR-R-1)",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "the report page shows the objection deadline and the file to download",
            trigger: ".o_lab_objection_deadline",
        },
        {
            trigger: ".o_lab_report_files a:contains(tour-report.pdf)",
        },
    ],
});
