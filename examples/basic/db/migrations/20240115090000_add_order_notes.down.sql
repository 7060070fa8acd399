alter table orders drop column notes;
