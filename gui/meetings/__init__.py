"""会议: the meetings list and calendar, the meeting page (agenda, roster and attendance, leave,
documents), the leave register and the register of absences from the district."""
