"""Region and family profiles (layer 1½): everything a layout implies, one data file per region.

Detection clues, table numbers and titles, required tables and sections, share denominators,
the 绩效 scoring policy, and the writer's layout and sentences all live in one profile file
(``profiles/<name>.*``). Readers, the checker and the writer ask the profile; none tests a family
name. (Being filled in: issue 8, "profiles as data".)
"""
