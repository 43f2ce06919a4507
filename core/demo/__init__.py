"""The fictional district 澄溪区 for `huiwu demo`, the self-test and the benchmarks: its roster
(district), and years of topics, meetings and minutes made through the services."""
