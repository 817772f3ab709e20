select * from settings;
