{{ config(materialized='ephemeral', tags=['content']) }}
{#- Titles with their most relevant tags, used by the content marts. -#}
select
    t.title_id,
    t.title,
    t.title_type,
    t.primary_genre,
    t.genres,
    t.release_date,
    list(r.tag order by r.relevance desc, r.tag) filter (where r.tag is not null) as tags,
    count(r.tag) as tag_count
from {{ ref('stg_titles') }} t
left join {{ ref('int_tag_relevance') }} r
    on r.title_id = t.title_id and r.relevance >= 0.5
group by all
