"""Words of the generated documents (bot.domain.paperwork, russian, requisites,
template_safety): salutations, field labels, error messages, clauses of the agreement,
the letter, and the stage III documents of the method."""

from __future__ import annotations

# ------------------------------------------------------------------ salutations
SALUTATION_FEMALE = "Уважаемая {name}!"
SALUTATION_MALE = "Уважаемый {name}!"
SALUTATION_FEMALE_SURNAME = "Уважаемая госпожа {name}!"
SALUTATION_MALE_SURNAME = "Уважаемый господин {name}!"
SALUTATION_COLLEAGUES = "Уважаемые коллеги!"
