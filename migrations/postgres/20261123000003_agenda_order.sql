-- DSR meetings: the agenda's order (Blue, Red, Amber, Green; soonest review; id) as an
-- index, so a page of the agenda and the people either side of someone are found without
-- sorting the register. The expression must match the one in app/src/store/meeting.rs.
create index people_agenda_order on people (
    (CASE rating WHEN 'blue' THEN 0 WHEN 'red' THEN 1 WHEN 'amber' THEN 2 ELSE 3 END),
    review_due,
    id
);
