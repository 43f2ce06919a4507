"""今日: the secretary's desk — today's and this week's work, each line opening its window."""
