"""What the app ships besides its code: the house Word template (`templates/house.docx`, made by
`python -m ccsc_gov.resources.build_house_template`) and the application icon (`icons/`, made
by `python -m ccsc_gov.resources.build_icons`). Read them through
`ccsc_gov.core.settings.resources`."""
