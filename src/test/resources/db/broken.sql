CREATE TABLE ok_table (id int);

-- the third statement names a table that does not exist
INSERT INTO ok_table VALUES (1);
SELECT id
  FROM missing_table;
