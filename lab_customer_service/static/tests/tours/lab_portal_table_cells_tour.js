import { registry } from "@web/core/registry";

// Issue 17, R-PT-01: in My Samples every row has a cell under each header, also for the samples
// received without a description. Relies on the 80 samples made by TestPortalTables in Python.
function checkCells() {
    const table = document.querySelector("table.o_portal_my_doc_table");
    const headers = table.querySelectorAll("thead tr th").length;
    const rows = [...table.querySelectorAll("tbody tr, :scope > tr")];
    if (headers !== 5 || rows.length !== 80) {
        throw new Error(`expected 5 headers and 80 rows, got ${headers} and ${rows.length}`);
    }
    rows.forEach((row, index) => {
        const cells = row.querySelectorAll(":scope > td").length;
        if (cells !== headers) {
            throw new Error(`row ${index + 1} has ${cells} cells under ${headers} headers`);
        }
        // The status badge sits under "Status", as far right as the header.
        const status = row.querySelector(":scope > td:last-child .badge");
        if (!status) {
            throw new Error(`row ${index + 1}: no status badge in the last column`);
        }
    });
}

registry.category("web_tour.tours").add("lab_portal_table_cells_tour", {
    url: "/my/lab/samples",
    steps: () => [
        {
            content: "My Samples lists a full page of samples",
            trigger: "table.o_portal_my_doc_table tr.o_lab_portal_sample",
        },
        {
            content: "every row has a cell under each of the five headers",
            trigger: "table.o_portal_my_doc_table tr.o_lab_portal_sample:last",
            run: checkCells,
        },
        {
            content: "the description cell of an undescribed sample is there, empty",
            trigger: "tr.o_lab_portal_sample td.o_lab_sample_description:empty",
        },
    ],
});
