"""Staff pages of study planning: the programme (studies, rounds, planner), guides, and participants."""
