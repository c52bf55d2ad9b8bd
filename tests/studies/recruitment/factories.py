"""A screener as a researcher would build one: plan, team size and a short text, with rules of every kind."""

from studies.recruitment import services


def plan_screener(round_, *, route_to=None, review=False, default="accept"):
    screener = services.screener_save(
        round=round_, actor=None, intro="Three quick questions first.", default_outcome=default,
        screen_out_message="Thank you! This study is looking for someone else this time.", review_required=review,
    )  # fmt: skip
    plan = services.screener_question_add(
        screener=screener, actor=None, text="Which plan is your team on?", kind="single",
        choices=["Free", "Team", "Business"], attribute="plan",
    )  # fmt: skip
    tools = services.screener_question_add(screener=screener, actor=None, text="Which tools do you use weekly?",
                                           kind="multiple", choices=["Jira", "Linear", "Trello"], attribute="tools",
                                           required=False)  # fmt: skip
    size = services.screener_question_add(screener=screener, actor=None, text="How many people are on your team?",
                                          kind="number", attribute="team_size")  # fmt: skip
    role = services.screener_question_add(screener=screener, actor=None, text="What is your role?", kind="text",
                                          attribute="role", required=False)  # fmt: skip
    services.screener_rule_add(screener=screener, actor=None, question=role, operator="contains",
                               value="student", outcome="reject")  # fmt: skip
    services.screener_rule_add(screener=screener, actor=None, question=size, operator="lt", value="2",
                               outcome="reject")  # fmt: skip
    services.screener_rule_add(screener=screener, actor=None, question=tools, operator="includes", value="Trello",
                               outcome="route" if route_to else "reject", route_to=route_to)  # fmt: skip
    return screener, {"plan": plan, "tools": tools, "size": size, "role": role}


def answers(questions, *, plan="Team", tools=("Jira",), size="8", role="Product manager") -> dict:
    return {
        f"q{questions['plan'].pk}": plan,
        f"q{questions['tools'].pk}": list(tools),
        f"q{questions['size'].pk}": size,
        f"q{questions['role'].pk}": role,
    }
