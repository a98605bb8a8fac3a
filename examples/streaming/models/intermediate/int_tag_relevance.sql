{{ config(tags=['content']) }}
{#- How strongly a tag describes a title, from 0 to 1: the tag's share of the title's most used tag. -#}
with counts as (
    select title_id, tag, count(*) as times_applied, count(distinct tagger_id) as taggers
    from {{ ref('stg_tags') }}
    group by title_id, tag
)
select
    title_id,
    tag,
    times_applied,
    taggers,
    round(times_applied / max(times_applied) over (partition by title_id), 4) as relevance
from counts
