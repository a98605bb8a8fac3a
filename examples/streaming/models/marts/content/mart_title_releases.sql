{{ config(tags=['content']) }}
{#- Titles with their theatrical release (seed), ratings and most relevant tags. -#}
with ratings as (
    select
        title_id,
        count(*) as ratings,
        round(avg(rating), 2) as avg_rating,
        count(distinct rater_id) as raters,
        min(rated_at) as first_rated_at
    from {{ ref('fct_ratings') }}
    group by title_id
)
select
    t.title_id,
    t.title,
    t.title_type,
    t.primary_genre,
    t.release_date as catalog_release_date,
    r.release_date as theatrical_release_date,
    r.region as release_region,
    coalesce(x.ratings, 0) as ratings,
    x.avg_rating,
    coalesce(x.raters, 0) as raters,
    t.tags,
    t.tag_count
from {{ ref('dim_titles_with_tags') }} t
left join {{ ref('title_release_dates') }} r on r.title_id = t.title_id
left join ratings x on x.title_id = t.title_id
