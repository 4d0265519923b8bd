"""What all readers share: table grids → typed tables, 绩效 grids, narrative structure, facts."""
