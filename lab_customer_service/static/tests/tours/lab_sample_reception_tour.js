import { registry } from "@web/core/registry";

// R-SR-01, R-SR-06: the Sample Reception Officer registers a delivery and accepts a sample.
// Relies on the confirmed order LABTOUR-1 made by TestReceptionTour in Python.
registry.category("web_tour.tours").add("lab_sample_reception_tour", {
    steps: () => [
        {
            content: "choose the confirmed order",
            trigger: ".o_field_widget[name=order_id] input",
            run: "edit LABTOUR-1",
        },
        {
            trigger: ".o-autocomplete--dropdown-item a:contains(LABTOUR-1)",
            run: "click",
        },
        {
            content: "the ordered tests are proposed",
            trigger: ".o_field_widget[name=sale_line_ids] .o_tag:contains(Respirable dust)",
        },
        {
            content: "three samples in this delivery",
            trigger: ".o_field_widget[name=sample_count] input",
            run: "edit 3",
        },
        {
            content: "no label printing in this test",
            trigger: ".o_field_widget[name=print_labels] input",
            run: "click",
        },
        {
            trigger: "button[name=action_register]",
            run: "click",
        },
        {
            content: "the registered samples are listed",
            trigger: ".o_list_view .o_data_row:nth-child(3) .o_data_cell[name=name]",
        },
        {
            trigger: ".o_list_view .o_data_row:first-child .o_data_cell[name=name]",
            run: "click",
        },
        {
            content: "accept the sample",
            trigger: ".o_form_view button[name=action_accept]",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status button[aria-checked=true]:contains(Accepted)",
        },
    ],
});
