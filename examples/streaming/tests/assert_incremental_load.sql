{{ config(tags=['streams']) }}
-- Every snapshot file that landed is loaded into staging and reaches the deduplicated layer
-- and the Parquet fact: a file missing anywhere is returned with the layer that lacks it.
with landed as (
    select distinct regexp_replace(replace(filename, '\', '/'), '^.*/', '') as file_name
    from {{ source('helix', 'streams') }}
),
staged as (select distinct file_name from {{ ref('stg_streams') }}),
deduplicated as (select distinct file_name, snapshot_date from {{ ref('int_streams') }}),
fact_days as (select distinct stream_date from {{ ref('fact_streams') }})
select l.file_name, 'stg_streams' as missing_in
from landed l left join staged s using (file_name)
where s.file_name is null
union all
select l.file_name, 'int_streams'
from landed l left join deduplicated d using (file_name)
where d.file_name is null
union all
select d.file_name, 'fact_streams'
from deduplicated d left join fact_days f on f.stream_date = d.snapshot_date
where f.stream_date is null
