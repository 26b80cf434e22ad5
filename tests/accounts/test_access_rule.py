from accounts.access import refusal

STAFF = {"login": "amartin", "staff?": True, "kind": "admin", "campus": [{"id": 1}], "campus_users": []}
STUDENT = {"login": "jdoe", "staff?": False, "kind": "student", "campus": [{"id": 9}],
           "campus_users": [{"campus_id": 9, "is_primary": True}]}


def test_staff_of_the_intra_may_enter():
    assert refusal(STAFF, staff_logins=set(), staff_campus_ids=[]) is None


def test_a_student_is_refused_with_the_reason():
    assert refusal(STUDENT, staff_logins=set(), staff_campus_ids=[]) == (
        "Occupancy is for 42 staff; jdoe is a student account.")


def test_an_allowlisted_login_may_enter_without_the_staff_flag():
    assert refusal(STUDENT, staff_logins={"jdoe"}, staff_campus_ids=[]) is None


def test_the_campus_limit_keeps_out_staff_of_other_campuses():
    assert refusal(STAFF, staff_logins=set(), staff_campus_ids=[1, 21]) is None
    assert refusal(STAFF, staff_logins=set(), staff_campus_ids=[9]) == (
        "This Occupancy is for the staff of campus 9; amartin belongs to none of them.")
    assert refusal(STUDENT, staff_logins={"jdoe"}, staff_campus_ids=[9]) is None  # campus_users count too
