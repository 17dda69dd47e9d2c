"""The documents the bot makes from an organisation's data: the agreement, the proposal
letter and the stage III documents of the method, each an A4 .docx of GOST R 7.0.97-2016;
draft obligations from the teacher's notes; the context for organisations' own templates."""
