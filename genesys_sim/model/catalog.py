"""Fixed vocabularies of the simulated world: names, activity codes, presences."""

from __future__ import annotations

from ..scenarios import ActivityCodeSpec

FIRST_NAMES = (
    "Anna",
    "Ben",
    "Chloe",
    "David",
    "Elif",
    "Farid",
    "Grace",
    "Hiro",
    "Ines",
    "Jonas",
    "Kiri",
    "Liam",
    "Maya",
    "Noah",
    "Olga",
    "Priya",
    "Quinn",
    "Rosa",
    "Sami",
    "Tara",
    "Umar",
    "Vera",
    "Wei",
    "Xenia",
    "Yusuf",
    "Zoe",
    "Aiko",
    "Bruno",
    "Carla",
    "Dev",
    "Emma",
    "Felix",
    "Gita",
    "Hugo",
    "Ivy",
    "Jack",
    "Lena",
    "Marco",
    "Nina",
    "Omar",
    "Paula",
    "Ravi",
    "Sofia",
    "Tom",
    "Uma",
    "Viktor",
    "Wanda",
    "Yara",
)
LAST_NAMES = (
    "Schmidt",
    "Nguyen",
    "Garcia",
    "Kowalski",
    "Tanaka",
    "Okafor",
    "Rossi",
    "Dubois",
    "Larsen",
    "Silva",
    "Murphy",
    "Cohen",
    "Ivanova",
    "Kim",
    "Patel",
    "Santos",
    "Novak",
    "Meyer",
    "Haddad",
    "Walsh",
    "Reyes",
    "Fischer",
    "Sato",
    "Brown",
    "Jensen",
    "Moreau",
    "Costa",
    "Horvath",
    "Ali",
    "Chen",
    "Lopez",
    "Weber",
)
TITLES = ("Customer Service Agent", "Senior Agent", "Back Office Specialist", "Team Lead")

CATEGORIES = ("OnQueueWork", "Break", "Meal", "Meeting", "OffQueueWork", "TimeOff", "Training", "Unavailable")

# Genesys seeds every business unit with one default code per category, named like this.
DEFAULT_CODES = (
    ActivityCodeSpec("On Queue Work", "OnQueueWork", 60, planned_shrinkage=False),
    ActivityCodeSpec("Break", "Break", 15),
    ActivityCodeSpec("Meal", "Meal", 30, paid=False, work=False),
    ActivityCodeSpec("Meeting", "Meeting", 30),
    ActivityCodeSpec("Off Queue Work", "OffQueueWork", 60),
    ActivityCodeSpec("Time Off", "TimeOff", 480, work=False, agent_selectable=True),
    ActivityCodeSpec("Training", "Training", 60),
    ActivityCodeSpec("Unavailable", "Unavailable", 60, paid=False, work=False),
)

# Custom codes every org is meant to share (the central catalogue); orgs drift from it per scenario.
SHARED_CODES = (
    ActivityCodeSpec("Team Meeting", "Meeting", 30),
    ActivityCodeSpec("Coaching", "Training", 30),
    ActivityCodeSpec("Product Training", "Training", 60),
    ActivityCodeSpec("Email Backlog", "OffQueueWork", 60),
    ActivityCodeSpec("Vacation", "TimeOff", 480, work=False, agent_selectable=True),
    ActivityCodeSpec("Sick Leave", "TimeOff", 480, work=False, agent_selectable=True, planned_shrinkage=False),
)

CODE_COLORS = {
    "OnQueueWork": "#3fa45b",
    "Break": "#f2c14e",
    "Meal": "#f08a4b",
    "Meeting": "#5b8def",
    "OffQueueWork": "#8e6fd8",
    "TimeOff": "#9aa5b1",
    "Training": "#2bb3c0",
    "Unavailable": "#555555",
}

# What an agent's presence looks like while doing an activity of a category.
SYSTEM_PRESENCE = {
    "OnQueueWork": "OnQueue",
    "Break": "Break",
    "Meal": "Meal",
    "Meeting": "Meeting",
    "Training": "Training",
    "OffQueueWork": "Busy",
    "Unavailable": "Offline",
    "TimeOff": "Offline",
    "Unscheduled": "Offline",
}
# tSystemPresence qualifiers in user aggregates (upper-case, as analytics spells them).
ANALYTICS_PRESENCE = {
    "OnQueueWork": "ON_QUEUE",
    "Break": "BREAK",
    "Meal": "MEAL",
    "Meeting": "MEETING",
    "Training": "TRAINING",
    "OffQueueWork": "BUSY",
}

# Planning-group media type -> (service-level target as a fraction, answer-time threshold in seconds): the
# queue's mediaSettings.<media>.serviceLevel and the planning group's service goal template.
SERVICE_GOALS = {
    "Voice": (0.8, 20),
    "Chat": (0.8, 60),
    "Callback": (0.8, 3600),
    "Message": (0.8, 3600),
    "Email": (0.9, 4 * 3600),
    "Workitem": (0.9, 8 * 3600),
}
SHORT_ABANDON_SECONDS = 10  # an abandon this quick is a short abandon (the org's abandon interval setting)

# Planning-group media type -> analytics mediaType dimension value.
ANALYTICS_MEDIA = {
    "Voice": "voice",
    "Chat": "chat",
    "Email": "email",
    "Callback": "callback",
    "Message": "message",
    "Workitem": "workitem",
}
# Planning-group media type -> key under Queue.mediaSettings.
QUEUE_MEDIA_KEY = {
    "Voice": "call",
    "Chat": "chat",
    "Email": "email",
    "Callback": "callback",
    "Message": "message",
    "Workitem": "workitem",
}
