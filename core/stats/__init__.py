"""Statistics (统计, issue 14 §3): figures of topics, meetings, attendance and leave, minutes and
督办 over a date range, read with grouped queries in one session. No Qt here: the window draws
the charts (gui/stats), the command line prints the tables (`huiwu stats`)."""
