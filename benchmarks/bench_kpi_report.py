"""Benchmark of the management-review figures (R-MR-01) over generated records.

    python3 benchmarks/bench_kpi_report.py -c <odoo.conf> -d <database>

Generates 100,000 records with set-based SQL inside a transaction that is rolled back at the
end: customer requests (40%), feedback (30%), released test reports (15%), satisfaction answers
(10%) and samples (5%), all in one year. It then times ``lab.management.review._get_figures()``
for that year against the same figures computed by hand-written SQL ``GROUP BY`` queries in the
same run, and counts the ORM's queries. Last line:

    BENCH kpi_report ratio=<ORM time / raw SQL time> queries_per_figure=<queries / figures>
"""

from _bench import best_time, parse_args, queries, rolled_back_env

YEAR_START, YEAR_END = "2026-01-01", "2026-12-31"

RAW_SQL = [
    """SELECT count(*), avg(ui.scoring_percentage) FROM survey_user_input ui
        LEFT JOIN sale_order so ON so.id = ui.lab_order_id
        WHERE ui.is_lab_survey AND ui.state = 'done' AND ui.test_entry IS NOT TRUE
          AND ui.end_datetime >= %(start)s AND ui.end_datetime < %(stop)s
          AND (ui.lab_order_id IS NULL OR so.company_id = %(company)s)""",
    """SELECT kind, coalesce(is_referred, false), count(*) FROM lab_feedback
        WHERE company_id = %(company)s AND date >= %(start)s AND date < %(stop)s
        GROUP BY 1, 2""",
    """SELECT coalesce(is_on_time, false), count(*) FROM lab_test_report
        WHERE company_id = %(company)s AND state IN ('released', 'superseded')
          AND date_released >= %(start)s AND date_released < %(stop)s GROUP BY 1""",
    """SELECT count(DISTINCT order_id) FROM lab_delay_notice WHERE company_id = %(company)s
          AND notified_on >= %(start)s AND notified_on < %(stop)s""",
    """SELECT count(*) FROM lab_sample WHERE company_id = %(company)s AND state = 'rejected'
          AND date_received >= %(start)s AND date_received < %(stop)s""",
    """SELECT state, coalesce(is_answered_on_time, false), count(*) FROM lab_customer_request
        WHERE company_id = %(company)s AND state != 'cancelled'
          AND date_received >= %(start)s AND date_received < %(stop)s GROUP BY 1, 2""",
]


def generate(env, total):
    company = env.company
    partner = env["res.partner"].create({"name": "Bench Customer", "is_company": True})
    test = env["product.product"].create(
        {"name": "Bench test", "type": "service", "is_lab_test": True, "lab_turnaround_days": 5}
    )
    order = env["sale.order"].create(
        {"partner_id": partner.id, "order_line": [(0, 0, {"product_id": test.id})]}
    )
    survey = env["survey.survey"].create({"title": "Bench survey", "is_lab_survey": True})
    env.flush_all()
    n_req, n_fb, n_rep, n_ans = (int(total * share) for share in (0.40, 0.30, 0.15, 0.10))
    n_smp = total - n_req - n_fb - n_rep - n_ans
    cr = env.cr
    params = {"company": company.id, "order": order.id, "partner": partner.id, "survey": survey.id}
    day = "(DATE '2026-01-01' + (i %% 365) * INTERVAL '1 day' + INTERVAL '9 hours')"
    cr.execute(
        f"""INSERT INTO lab_customer_request
              (name, subject, channel, request_type, company_id, date_received, date_deadline,
               state, date_answered, is_answered_on_time, partner_id)
            SELECT 'BRQ' || i, 'Bench request ' || i,
                   (ARRAY['email','phone','portal','web','in_person'])[1 + i %% 5],
                   (ARRAY['price','lead_time','documents','technical','other'])[1 + i %% 5],
                   %(company)s, {day}, ({day})::date + 2,
                   (ARRAY['new','assigned','answered','answered','cancelled'])[1 + i %% 5],
                   CASE WHEN i %% 5 IN (2, 3) THEN {day} + (i %% 4) * INTERVAL '1 day' END,
                   i %% 5 IN (2, 3) AND i %% 4 < 3, %(partner)s
              FROM generate_series(1, {n_req}) AS i""",
        params,
    )
    cr.execute(
        f"""INSERT INTO lab_feedback (name, kind, channel, initiative, company_id, date, state,
                                      is_referred)
            SELECT 'Bench feedback ' || i,
                   (ARRAY['suggestion','review','compliment'])[1 + i %% 3],
                   (ARRAY['book','email','phone','portal'])[1 + i %% 4], 'customer',
                   %(company)s, ({day})::date,
                   (ARRAY['new','referred','closed'])[1 + i %% 3], i %% 3 = 1
              FROM generate_series(1, {n_fb}) AS i""",
        params,
    )
    cr.execute(
        f"""INSERT INTO lab_test_report (name, order_id, company_id, state, version,
                                         date_released, is_on_time)
            SELECT 'BTR' || i, %(order)s, %(company)s,
                   (ARRAY['released','released','superseded','draft'])[1 + i %% 4], 1,
                   {day}, i %% 10 < 8
              FROM generate_series(1, {n_rep}) AS i""",
        params,
    )
    cr.execute(
        f"""INSERT INTO survey_user_input (survey_id, access_token, state, is_lab_survey,
                                           end_datetime, scoring_percentage, lab_order_id)
            SELECT %(survey)s, md5('bench' || i), 'done', true, {day}, (i * 37) %% 101,
                   %(order)s
              FROM generate_series(1, {n_ans}) AS i""",
        params,
    )
    cr.execute(
        f"""INSERT INTO lab_sample (name, order_id, company_id, state, date_received, seal_state)
            SELECT 'BSMP' || i, %(order)s, %(company)s,
                   (ARRAY['received','accepted','rejected','in_test','reported'])[1 + i %% 5],
                   {day}, 'intact'
              FROM generate_series(1, {n_smp}) AS i""",
        params,
    )
    cr.execute(
        "ANALYZE lab_customer_request, lab_feedback, lab_test_report, survey_user_input, lab_sample"
    )
    env.invalidate_all()
    return n_req + n_fb + n_rep + n_ans + n_smp


def main():
    args = parse_args(__doc__)
    with rolled_back_env(args) as env:
        generated = generate(env, args.records)
        review = env["lab.management.review"].create(
            {"name": "Bench", "date_from": YEAR_START, "date_to": YEAR_END}
        )
        params = {"company": env.company.id, "start": YEAR_START, "stop": "2027-01-01"}

        def raw():
            rows = []
            for query in RAW_SQL:
                env.cr.execute(query, params)
                rows.append(env.cr.fetchall())
            return rows

        figures = review._get_figures()  # warm caches (access rights, rules, metadata)
        raw()
        orm_time, figures = best_time(review._get_figures, args.repeat)
        sql_time, _rows = best_time(raw, args.repeat)
        figures, count = queries(env, review._get_figures)
        print(f"records generated: {generated}")
        for figure in figures:
            value = f"{figure['value']} {figure['unit']}"
            print(f"  {figure['section']:<22} {figure['label']:<45} {value}")
        print(
            f"ORM _get_figures: {orm_time * 1000:.1f} ms, {count} queries, {len(figures)} figures"
        )
        print(f"raw SQL GROUP BY: {sql_time * 1000:.1f} ms, {len(RAW_SQL)} queries")
        print(
            f"BENCH kpi_report ratio={orm_time / sql_time:.2f} "
            f"queries_per_figure={count / len(figures):.2f}"
        )


if __name__ == "__main__":
    main()
