"""The 统计 page (issue 14 §3): the range chosen, each figure a bar chart (painted with QtGui, loaded
only when the page is first shown) with its table, and their exports."""
